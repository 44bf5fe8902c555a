; ModuleID = 'floats.c'
source_filename = "floats.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef double @poly(double noundef %0) local_unnamed_addr #0 {
  %2 = tail call double @llvm.fmuladd.f64(double %0, double 3.000000e+00, double 2.000000e+00)
  %3 = tail call double @llvm.fmuladd.f64(double %2, double %0, double -1.500000e+00)
  %4 = tail call double @llvm.fmuladd.f64(double %3, double %0, double 2.500000e-01)
  ret double %4
}

; Function Attrs: mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.fmuladd.f64(double, double, double) #1

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef float @fpoly(float noundef %0, float noundef %1) local_unnamed_addr #0 {
  %3 = fdiv float %0, %1
  %4 = tail call float @llvm.fmuladd.f32(float %0, float %1, float %3)
  %5 = fadd float %4, -1.000000e+00
  ret float %5
}

; Function Attrs: mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.fmuladd.f32(float, float, float) #1

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef double @to_double(i32 noundef %0, float noundef %1, i64 noundef %2) local_unnamed_addr #0 {
  %4 = sitofp i32 %0 to float
  %5 = fadd float %4, %1
  %6 = fpext float %5 to double
  %7 = sitofp i64 %2 to double
  %8 = fadd double %6, %7
  ret double %8
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local i64 @to_long(double noundef %0) local_unnamed_addr #0 {
  %2 = fptosi double %0 to i64
  %3 = fptrunc double %0 to float
  %4 = fptosi float %3 to i32
  %5 = sext i32 %4 to i64
  %6 = add nsw i64 %5, %2
  ret i64 %6
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local i64 @to_unsigned(double noundef %0) local_unnamed_addr #0 {
  %2 = fptoui double %0 to i64
  ret i64 %2
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef double @from_unsigned(i64 noundef %0) local_unnamed_addr #0 {
  %2 = uitofp i64 %0 to double
  ret double %2
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef double @larger(double noundef %0, double noundef %1) local_unnamed_addr #0 {
  %3 = fcmp ogt double %0, %1
  %4 = select i1 %3, double %0, double %1
  ret double %4
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local range(i32 0, 2) i32 @ordered_less(double noundef %0, double noundef %1) local_unnamed_addr #0 {
  %3 = fcmp olt double %0, %1
  %4 = zext i1 %3 to i32
  ret i32 %4
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef double @distance(double noundef %0, double noundef %1) local_unnamed_addr #0 {
  %3 = fmul double %1, %1
  %4 = tail call double @llvm.fmuladd.f64(double %0, double %0, double %3)
  %5 = tail call double @llvm.sqrt.f64(double %4)
  ret double %5
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef double @absolute(double noundef %0) local_unnamed_addr #0 {
  %2 = tail call double @llvm.fabs.f64(double %0)
  %3 = fadd double %0, -1.000000e+00
  %4 = tail call double @llvm.fabs.f64(double %3)
  %5 = fadd double %2, %4
  ret double %5
}

; Function Attrs: mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.fabs.f64(double) #1

; Function Attrs: mustprogress nofree nounwind willreturn memory(write) uwtable
define dso_local double @power(double noundef %0, double noundef %1) local_unnamed_addr #2 {
  %3 = tail call double @pow(double noundef %0, double noundef %1) #6
  %4 = tail call double @llvm.floor.f64(double %0)
  %5 = fadd double %4, %3
  ret double %5
}

; Function Attrs: mustprogress nofree nounwind willreturn memory(write)
declare double @pow(double noundef, double noundef) local_unnamed_addr #3

; Function Attrs: mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.floor.f64(double) #1

; Function Attrs: mustprogress nofree nounwind willreturn memory(write) uwtable
define dso_local double @remainder_f(double noundef %0, double noundef %1) local_unnamed_addr #2 {
  %3 = tail call double @fmod(double noundef %0, double noundef %1) #6
  ret double %3
}

; Function Attrs: mustprogress nofree nounwind willreturn memory(write)
declare double @fmod(double noundef, double noundef) local_unnamed_addr #3

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef double @negate(double noundef %0) local_unnamed_addr #0 {
  %2 = fneg double %0
  ret double %2
}

; Function Attrs: nofree norecurse nosync nounwind memory(argmem: read) uwtable
define dso_local double @mean(ptr nocapture noundef readonly %0, i32 noundef %1) local_unnamed_addr #4 {
  %3 = icmp sgt i32 %1, 0
  br i1 %3, label %4, label %22

4:                                                ; preds = %2
  %5 = zext nneg i32 %1 to i64
  %6 = and i64 %5, 1
  %7 = icmp eq i32 %1, 1
  br i1 %7, label %10, label %8

8:                                                ; preds = %4
  %9 = and i64 %5, 2147483646
  br label %28

10:                                               ; preds = %28, %4
  %11 = phi double [ poison, %4 ], [ %38, %28 ]
  %12 = phi i64 [ 0, %4 ], [ %39, %28 ]
  %13 = phi double [ 0.000000e+00, %4 ], [ %38, %28 ]
  %14 = icmp eq i64 %6, 0
  br i1 %14, label %22, label %15

15:                                               ; preds = %10
  %16 = getelementptr inbounds double, ptr %0, i64 %12
  %17 = load double, ptr %16, align 8, !tbaa !5
  %18 = and i64 %12, 1
  %19 = icmp eq i64 %18, 0
  %20 = select i1 %19, double 1.000000e+00, double -1.000000e+00
  %21 = tail call double @llvm.fmuladd.f64(double %17, double %20, double %13)
  br label %22

22:                                               ; preds = %15, %10, %2
  %23 = phi double [ 0.000000e+00, %2 ], [ %11, %10 ], [ %21, %15 ]
  %24 = icmp eq i32 %1, 0
  %25 = sitofp i32 %1 to double
  %26 = fdiv double %23, %25
  %27 = select i1 %24, double 0.000000e+00, double %26
  ret double %27

28:                                               ; preds = %28, %8
  %29 = phi i64 [ 0, %8 ], [ %39, %28 ]
  %30 = phi double [ 0.000000e+00, %8 ], [ %38, %28 ]
  %31 = phi i64 [ 0, %8 ], [ %40, %28 ]
  %32 = getelementptr inbounds double, ptr %0, i64 %29
  %33 = load double, ptr %32, align 8, !tbaa !5
  %34 = fadd double %33, %30
  %35 = or disjoint i64 %29, 1
  %36 = getelementptr inbounds double, ptr %0, i64 %35
  %37 = load double, ptr %36, align 8, !tbaa !5
  %38 = tail call double @llvm.fmuladd.f64(double %37, double -1.000000e+00, double %34)
  %39 = add nuw nsw i64 %29, 2
  %40 = add i64 %31, 2
  %41 = icmp eq i64 %40, %9
  br i1 %41, label %10, label %28, !llvm.loop !9
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local double @newton_sqrt(double noundef %0) local_unnamed_addr #0 {
  %2 = fcmp ogt double %0, 1.000000e+00
  %3 = select i1 %2, double %0, double 1.000000e+00
  %4 = fdiv double %0, %3
  %5 = fadd double %3, %4
  %6 = fmul double %5, 5.000000e-01
  %7 = fdiv double %0, %6
  %8 = fadd double %6, %7
  %9 = fmul double %8, 5.000000e-01
  %10 = fdiv double %0, %9
  %11 = fadd double %9, %10
  %12 = fmul double %11, 5.000000e-01
  %13 = fdiv double %0, %12
  %14 = fadd double %12, %13
  %15 = fmul double %14, 5.000000e-01
  %16 = fdiv double %0, %15
  %17 = fadd double %15, %16
  %18 = fmul double %17, 5.000000e-01
  %19 = fdiv double %0, %18
  %20 = fadd double %18, %19
  %21 = fmul double %20, 5.000000e-01
  %22 = fdiv double %0, %21
  %23 = fadd double %21, %22
  %24 = fmul double %23, 5.000000e-01
  %25 = fdiv double %0, %24
  %26 = fadd double %24, %25
  %27 = fmul double %26, 5.000000e-01
  %28 = fdiv double %0, %27
  %29 = fadd double %27, %28
  %30 = fmul double %29, 5.000000e-01
  %31 = fdiv double %0, %30
  %32 = fadd double %30, %31
  %33 = fmul double %32, 5.000000e-01
  %34 = fdiv double %0, %33
  %35 = fadd double %33, %34
  %36 = fmul double %35, 5.000000e-01
  %37 = fdiv double %0, %36
  %38 = fadd double %36, %37
  %39 = fmul double %38, 5.000000e-01
  %40 = fdiv double %0, %39
  %41 = fadd double %39, %40
  %42 = fmul double %41, 5.000000e-01
  %43 = fdiv double %0, %42
  %44 = fadd double %42, %43
  %45 = fmul double %44, 5.000000e-01
  %46 = fdiv double %0, %45
  %47 = fadd double %45, %46
  %48 = fmul double %47, 5.000000e-01
  %49 = fdiv double %0, %48
  %50 = fadd double %48, %49
  %51 = fmul double %50, 5.000000e-01
  %52 = fdiv double %0, %51
  %53 = fadd double %51, %52
  %54 = fmul double %53, 5.000000e-01
  %55 = fdiv double %0, %54
  %56 = fadd double %54, %55
  %57 = fmul double %56, 5.000000e-01
  %58 = fdiv double %0, %57
  %59 = fadd double %57, %58
  %60 = fmul double %59, 5.000000e-01
  %61 = fdiv double %0, %60
  %62 = fadd double %60, %61
  %63 = fmul double %62, 5.000000e-01
  ret double %63
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef float @bits_to_float(i32 noundef %0) local_unnamed_addr #0 {
  %2 = bitcast i32 %0 to float
  ret float %2
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.sqrt.f64(double) #5

attributes #0 = { mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { mustprogress nofree nounwind willreturn memory(write) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #3 = { mustprogress nofree nounwind willreturn memory(write) "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #4 = { nofree norecurse nosync nounwind memory(argmem: read) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #5 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #6 = { nounwind }

!llvm.module.flags = !{!0, !1, !2, !3}
!llvm.ident = !{!4}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 8, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!3 = !{i32 7, !"uwtable", i32 2}
!4 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
!5 = !{!6, !6, i64 0}
!6 = !{!"double", !7, i64 0}
!7 = !{!"omnipotent char", !8, i64 0}
!8 = !{!"Simple C/C++ TBAA"}
!9 = distinct !{!9, !10}
!10 = !{!"llvm.loop.mustprogress"}
