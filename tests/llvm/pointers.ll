; ModuleID = 'pointers.c'
source_filename = "pointers.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%struct.point = type { i32, i32, i64, [12 x i8] }

@counter = dso_local local_unnamed_addr global i32 0, align 4

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: read) uwtable
define dso_local i32 @get_y(ptr nocapture noundef readonly %0, i64 noundef %1) local_unnamed_addr #0 {
  %3 = getelementptr inbounds %struct.point, ptr %0, i64 %1, i32 1
  %4 = load i32, ptr %3, align 4, !tbaa !5
  ret i32 %4
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: read) uwtable
define dso_local signext i8 @name_char(ptr nocapture noundef readonly %0, i32 noundef %1) local_unnamed_addr #0 {
  %3 = getelementptr inbounds i8, ptr %0, i64 16
  %4 = sext i32 %1 to i64
  %5 = getelementptr inbounds [12 x i8], ptr %3, i64 0, i64 %4
  %6 = load i8, ptr %5, align 1, !tbaa !11
  ret i8 %6
}

; Function Attrs: nofree norecurse nosync nounwind memory(argmem: read) uwtable
define dso_local i64 @tag_sum(ptr nocapture noundef readonly %0, i32 noundef %1) local_unnamed_addr #1 {
  %3 = icmp sgt i32 %1, 0
  br i1 %3, label %4, label %29

4:                                                ; preds = %2
  %5 = zext nneg i32 %1 to i64
  %6 = and i64 %5, 3
  %7 = icmp ult i32 %1, 4
  br i1 %7, label %10, label %8

8:                                                ; preds = %4
  %9 = and i64 %5, 2147483644
  br label %31

10:                                               ; preds = %31, %4
  %11 = phi i64 [ poison, %4 ], [ %65, %31 ]
  %12 = phi i64 [ 0, %4 ], [ %66, %31 ]
  %13 = phi i64 [ 0, %4 ], [ %65, %31 ]
  %14 = icmp eq i64 %6, 0
  br i1 %14, label %29, label %15

15:                                               ; preds = %10, %15
  %16 = phi i64 [ %26, %15 ], [ %12, %10 ]
  %17 = phi i64 [ %25, %15 ], [ %13, %10 ]
  %18 = phi i64 [ %27, %15 ], [ 0, %10 ]
  %19 = getelementptr inbounds %struct.point, ptr %0, i64 %16
  %20 = getelementptr inbounds i8, ptr %19, i64 8
  %21 = load i64, ptr %20, align 8, !tbaa !12
  %22 = load i32, ptr %19, align 8, !tbaa !13
  %23 = sext i32 %22 to i64
  %24 = add i64 %21, %17
  %25 = sub i64 %24, %23
  %26 = add nuw nsw i64 %16, 1
  %27 = add i64 %18, 1
  %28 = icmp eq i64 %27, %6
  br i1 %28, label %29, label %15, !llvm.loop !14

29:                                               ; preds = %10, %15, %2
  %30 = phi i64 [ 0, %2 ], [ %11, %10 ], [ %25, %15 ]
  ret i64 %30

31:                                               ; preds = %31, %8
  %32 = phi i64 [ 0, %8 ], [ %66, %31 ]
  %33 = phi i64 [ 0, %8 ], [ %65, %31 ]
  %34 = phi i64 [ 0, %8 ], [ %67, %31 ]
  %35 = getelementptr inbounds %struct.point, ptr %0, i64 %32
  %36 = getelementptr inbounds i8, ptr %35, i64 8
  %37 = load i64, ptr %36, align 8, !tbaa !12
  %38 = load i32, ptr %35, align 8, !tbaa !13
  %39 = sext i32 %38 to i64
  %40 = add i64 %37, %33
  %41 = or disjoint i64 %32, 1
  %42 = getelementptr inbounds %struct.point, ptr %0, i64 %41
  %43 = getelementptr inbounds i8, ptr %42, i64 8
  %44 = load i64, ptr %43, align 8, !tbaa !12
  %45 = load i32, ptr %42, align 8, !tbaa !13
  %46 = sext i32 %45 to i64
  %47 = add i64 %40, %44
  %48 = add nsw i64 %39, %46
  %49 = or disjoint i64 %32, 2
  %50 = getelementptr inbounds %struct.point, ptr %0, i64 %49
  %51 = getelementptr inbounds i8, ptr %50, i64 8
  %52 = load i64, ptr %51, align 8, !tbaa !12
  %53 = load i32, ptr %50, align 8, !tbaa !13
  %54 = sext i32 %53 to i64
  %55 = add i64 %47, %52
  %56 = add nsw i64 %48, %54
  %57 = or disjoint i64 %32, 3
  %58 = getelementptr inbounds %struct.point, ptr %0, i64 %57
  %59 = getelementptr inbounds i8, ptr %58, i64 8
  %60 = load i64, ptr %59, align 8, !tbaa !12
  %61 = load i32, ptr %58, align 8, !tbaa !13
  %62 = sext i32 %61 to i64
  %63 = add i64 %55, %60
  %64 = add nsw i64 %56, %62
  %65 = sub i64 %63, %64
  %66 = add nuw nsw i64 %32, 4
  %67 = add i64 %34, 4
  %68 = icmp eq i64 %67, %9
  br i1 %68, label %10, label %31, !llvm.loop !16
}

; Function Attrs: mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(i64 immarg, ptr nocapture) #2

; Function Attrs: mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(i64 immarg, ptr nocapture) #2

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: write) uwtable
define dso_local void @set_point(ptr nocapture noundef writeonly %0, i32 noundef %1, i32 noundef %2) local_unnamed_addr #3 {
  store i32 %1, ptr %0, align 8, !tbaa !13
  %4 = getelementptr inbounds i8, ptr %0, i64 4
  store i32 %2, ptr %4, align 4, !tbaa !5
  %5 = sext i32 %1 to i64
  %6 = sext i32 %2 to i64
  %7 = mul nsw i64 %6, %5
  %8 = getelementptr inbounds i8, ptr %0, i64 8
  store i64 %7, ptr %8, align 8, !tbaa !12
  ret void
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(readwrite, argmem: none, inaccessiblemem: none) uwtable
define dso_local i32 @table_x(i32 noundef %0) local_unnamed_addr #4 {
  %2 = load i32, ptr @counter, align 4, !tbaa !18
  %3 = add nsw i32 %2, 1
  store i32 %3, ptr @counter, align 4, !tbaa !18
  ret i32 %2
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef i64 @align_up(i64 noundef %0, i64 noundef %1) local_unnamed_addr #5 {
  %3 = add i64 %0, -1
  %4 = add i64 %3, %1
  %5 = sub i64 0, %1
  %6 = and i64 %4, %5
  ret i64 %6
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local ptr @advance(ptr noundef %0, i64 noundef %1) local_unnamed_addr #5 {
  %3 = getelementptr inbounds i8, ptr %0, i64 %1
  %4 = ptrtoint ptr %3 to i64
  %5 = add i64 %4, 15
  %6 = and i64 %5, -16
  %7 = inttoptr i64 %6 to ptr
  ret ptr %7
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local range(i64 -2305843009213693952, 2305843009213693952) i64 @diff(ptr noundef %0, ptr noundef %1) local_unnamed_addr #5 {
  %3 = ptrtoint ptr %1 to i64
  %4 = ptrtoint ptr %0 to i64
  %5 = sub i64 %3, %4
  %6 = ashr exact i64 %5, 2
  ret i64 %6
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local i32 @local_array(i32 noundef %0) local_unnamed_addr #5 {
  %2 = alloca [16 x i32], align 16
  call void @llvm.lifetime.start.p0(i64 64, ptr nonnull %2) #9
  store i32 0, ptr %2, align 16, !tbaa !18
  %3 = getelementptr inbounds i8, ptr %2, i64 4
  store i32 %0, ptr %3, align 4, !tbaa !18
  %4 = shl i32 %0, 1
  %5 = getelementptr inbounds i8, ptr %2, i64 8
  store i32 %4, ptr %5, align 8, !tbaa !18
  %6 = mul i32 %0, 3
  %7 = getelementptr inbounds i8, ptr %2, i64 12
  store i32 %6, ptr %7, align 4, !tbaa !18
  %8 = shl i32 %0, 2
  %9 = getelementptr inbounds i8, ptr %2, i64 16
  store i32 %8, ptr %9, align 16, !tbaa !18
  %10 = mul i32 %0, 5
  %11 = getelementptr inbounds i8, ptr %2, i64 20
  store i32 %10, ptr %11, align 4, !tbaa !18
  %12 = mul i32 %0, 6
  %13 = getelementptr inbounds i8, ptr %2, i64 24
  store i32 %12, ptr %13, align 8, !tbaa !18
  %14 = mul i32 %0, 7
  %15 = getelementptr inbounds i8, ptr %2, i64 28
  store i32 %14, ptr %15, align 4, !tbaa !18
  %16 = shl i32 %0, 3
  %17 = getelementptr inbounds i8, ptr %2, i64 32
  store i32 %16, ptr %17, align 16, !tbaa !18
  %18 = mul i32 %0, 9
  %19 = getelementptr inbounds i8, ptr %2, i64 36
  store i32 %18, ptr %19, align 4, !tbaa !18
  %20 = mul i32 %0, 10
  %21 = getelementptr inbounds i8, ptr %2, i64 40
  store i32 %20, ptr %21, align 8, !tbaa !18
  %22 = mul i32 %0, 11
  %23 = getelementptr inbounds i8, ptr %2, i64 44
  store i32 %22, ptr %23, align 4, !tbaa !18
  %24 = mul i32 %0, 12
  %25 = getelementptr inbounds i8, ptr %2, i64 48
  store i32 %24, ptr %25, align 16, !tbaa !18
  %26 = mul i32 %0, 13
  %27 = getelementptr inbounds i8, ptr %2, i64 52
  store i32 %26, ptr %27, align 4, !tbaa !18
  %28 = mul i32 %0, 14
  %29 = getelementptr inbounds i8, ptr %2, i64 56
  store i32 %28, ptr %29, align 8, !tbaa !18
  %30 = mul i32 %0, 15
  %31 = getelementptr inbounds i8, ptr %2, i64 60
  store i32 %30, ptr %31, align 4, !tbaa !18
  %32 = and i32 %0, 15
  %33 = zext nneg i32 %32 to i64
  %34 = getelementptr inbounds [16 x i32], ptr %2, i64 0, i64 %33
  %35 = load i32, ptr %34, align 4, !tbaa !18
  %36 = add nsw i32 %0, 3
  %37 = and i32 %36, 15
  %38 = zext nneg i32 %37 to i64
  %39 = getelementptr inbounds [16 x i32], ptr %2, i64 0, i64 %38
  %40 = load i32, ptr %39, align 4, !tbaa !18
  %41 = add nsw i32 %40, %35
  call void @llvm.lifetime.end.p0(i64 64, ptr nonnull %2) #9
  ret i32 %41
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite) uwtable
define dso_local void @swap_ints(ptr nocapture noundef %0, ptr nocapture noundef %1) local_unnamed_addr #6 {
  %3 = load i32, ptr %0, align 4, !tbaa !18
  %4 = load i32, ptr %1, align 4, !tbaa !18
  store i32 %4, ptr %0, align 4, !tbaa !18
  store i32 %3, ptr %1, align 4, !tbaa !18
  ret void
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: write) uwtable
define dso_local void @store_wide(ptr nocapture noundef writeonly %0) local_unnamed_addr #3 {
  store i64 1234605616436508552, ptr %0, align 8, !tbaa !19
  %2 = getelementptr inbounds i8, ptr %0, i64 24
  store i64 7, ptr %2, align 8, !tbaa !19
  ret void
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite) uwtable
define dso_local i32 @struct_copy(ptr nocapture noundef %0, ptr nocapture noundef readonly %1) local_unnamed_addr #6 {
  tail call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(32) %0, ptr noundef nonnull align 8 dereferenceable(32) %1, i64 32, i1 false), !tbaa.struct !20
  %3 = load i32, ptr %0, align 8, !tbaa !13
  ret i32 %3
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #7

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local i32 @fill_and_sum(i32 noundef %0) local_unnamed_addr #5 {
  %2 = alloca %struct.point, align 8
  call void @llvm.lifetime.start.p0(i64 32, ptr nonnull %2) #9
  %3 = getelementptr inbounds i8, ptr %2, i64 16
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(32) %3, i8 0, i64 16, i1 false)
  %4 = getelementptr inbounds i8, ptr %2, i64 16
  %5 = and i32 %0, 7
  %6 = zext nneg i32 %5 to i64
  %7 = getelementptr inbounds [12 x i8], ptr %4, i64 0, i64 %6
  store i8 1, ptr %7, align 1, !tbaa !11
  %8 = shl nsw i32 %0, 1
  %9 = getelementptr inbounds i8, ptr %2, i64 19
  %10 = load i8, ptr %9, align 1, !tbaa !11
  %11 = sext i8 %10 to i32
  %12 = add nsw i32 %8, %11
  call void @llvm.lifetime.end.p0(i64 32, ptr nonnull %2) #9
  ret i32 %12
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #8

attributes #0 = { mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: read) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nofree norecurse nosync nounwind memory(argmem: read) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #2 = { mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #3 = { mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: write) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #4 = { mustprogress nofree norecurse nosync nounwind willreturn memory(readwrite, argmem: none, inaccessiblemem: none) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #5 = { mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #6 = { mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #7 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite) }
attributes #8 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #9 = { nounwind }

!llvm.module.flags = !{!0, !1, !2, !3}
!llvm.ident = !{!4}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 8, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!3 = !{i32 7, !"uwtable", i32 2}
!4 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
!5 = !{!6, !7, i64 4}
!6 = !{!"point", !7, i64 0, !7, i64 4, !10, i64 8, !8, i64 16}
!7 = !{!"int", !8, i64 0}
!8 = !{!"omnipotent char", !9, i64 0}
!9 = !{!"Simple C/C++ TBAA"}
!10 = !{!"long", !8, i64 0}
!11 = !{!8, !8, i64 0}
!12 = !{!6, !10, i64 8}
!13 = !{!6, !7, i64 0}
!14 = distinct !{!14, !15}
!15 = !{!"llvm.loop.unroll.disable"}
!16 = distinct !{!16, !17}
!17 = !{!"llvm.loop.mustprogress"}
!18 = !{!7, !7, i64 0}
!19 = !{!10, !10, i64 0}
!20 = !{i64 0, i64 4, !18, i64 4, i64 4, !18, i64 8, i64 8, !19, i64 16, i64 12, !11}
